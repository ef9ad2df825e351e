/**
 * office-addin-mock, loaded without office-addin-manifest: the mock needs only its OfficeApp enum,
 * and the manifest package pulls in ES modules that jest (CommonJS) cannot require.
 */
jest.mock('office-addin-manifest', () => ({
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
}));

import { OfficeMockObject } from 'office-addin-mock';

export { OfficeMockObject };
export const OfficeApp = { Outlook: 'outlook', Word: 'word' } as const;
