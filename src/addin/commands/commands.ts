/**
 * The add-in's function file (FunctionFile in the manifests). The ribbon buttons only open the task pane
 * (ShowTaskpane), so there are no commands to register yet; Office still loads this page and waits for it.
 */
import { officeReady } from '../hosts/office-ready';

void officeReady();
