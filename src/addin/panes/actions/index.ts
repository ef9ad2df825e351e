export { SelectionActions, type SelectionActionsProps } from './SelectionActions';
