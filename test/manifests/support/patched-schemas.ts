/**
 * The shared Office manifest schemas predate single sign-on in mail add-ins: MailAppVersionOverridesV1_1.xsd has
 * no <WebApplicationInfo>, which Outlook accepts after <Resources> in VersionOverrides V1_1 (Mailbox 1.x with
 * SSO; see Microsoft's manifest reference). This makes a temporary copy of the schemas with that one element added,
 * typed as in TaskPaneAppVersionOverridesV1_0.xsd (Id, Resource, Scopes), and validates against the copy; the
 * shared folder itself is left alone. Everything else in the manifests is checked against the schemas as published.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ANCHOR = '<xs:any id="VersionOverrides" minOccurs="0" maxOccurs="1" namespace="http://schemas.microsoft.com/office/mailappversionoverrides/1.2"';

const ELEMENT = `<xs:element name="WebApplicationInfo" type="WebApplicationInfo" minOccurs="0" maxOccurs="1"/>
      `;

const TYPES = `
  <xs:complexType name="WebApplicationInfo">
    <xs:sequence>
      <xs:element name="Id" type="bt:UUID"/>
      <xs:element name="Resource" type="bt:LongString"/>
      <xs:element name="Scopes">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="Scope" type="bt:LongString" minOccurs="1" maxOccurs="unbounded"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>
`;

/** The folder of a patched copy of `schemaDir` (made once per process). */
export function patchedSchemaDir(schemaDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-manifest-schemas-'));
  for (const name of fs.readdirSync(schemaDir)) {
    if (name.endsWith('.xsd')) fs.copyFileSync(path.join(schemaDir, name), path.join(dir, name));
  }
  const mail = path.join(dir, 'MailAppVersionOverridesV1_1.xsd');
  let text = fs.readFileSync(mail, 'utf8');
  if (!text.includes('name="WebApplicationInfo"')) {
    if (!text.includes(ANCHOR)) throw new Error('MailAppVersionOverridesV1_1.xsd has changed: cannot add WebApplicationInfo');
    text = text.replace(ANCHOR, ELEMENT + ANCHOR).replace(/<\/xs:schema>\s*$/, `${TYPES}</xs:schema>\n`);
    fs.writeFileSync(mail, text);
  }
  return dir;
}
