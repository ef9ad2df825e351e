export { AuthSession, decodeClaims, type SignInState, type TokenSource } from './session';
export { officeTokenSource, SignInError } from './office-sso';
