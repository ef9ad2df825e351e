/** Help texts: `wenshu --help`, `wenshu help COMMAND`, `wenshu COMMAND --help`. */
export const MAIN_HELP = `wenshu: draft and check Hong Kong government documents (文書通)

Usage:
  wenshu check FILE... [options]       check .txt, .md, .docx and .eml files against the house rules
  wenshu draft --template DEPT/ID ...  draft from a template with the offline composer
  wenshu templates lint [DIR]          validate template packs
  wenshu templates list                list the templates
  wenshu help COMMAND                  help on a command
  wenshu --version

Exit codes: 0 no errors, 1 error-level findings (or pack problems), 2 bad input.
`;

export const CHECK_HELP = `Usage: wenshu check FILE... [options]

Checks .txt and .md (UTF-8), .docx and .eml files: formal written Chinese, HK Traditional characters,
punctuation, English house style, official names, personal data, classification markings.

Options:
  --format text|json|sarif   output format (default text)
  --rules SET,...            only these rule sets (repeatable); default: all, or the template's
  --template DEPT/ID         check against a template: its rule sets, required sections, classification,
                             and the department's own rules
  --templates DIR            template packs to use (default $WENSHU_TEMPLATES or the bundled packs)
  --lang zh-HK|en            language of messages (default: zh-HK when LANG is Chinese, else en)
  --fix                      .txt and .md only: apply the first fix of each finding (non-overlapping),
                             keeping the original as FILE.bak, then check again

Rule sets: hk-zh-formal, hk-zh-punctuation, hk-zh-characters, hk-en-style, hk-gov-structure,
           hk-gov-names, pii, classification

Lines and columns are 1-based and count Unicode code points. For .docx and .eml they refer to the
extracted text: one paragraph a line (a .docx's first-page header first and its footer last; an .eml's
subject first).

Exit codes: 0 no error-level findings, 1 error-level findings, 2 bad input (a missing or unreadable file,
an unknown rule set or template, a bad option).

Examples:
  wenshu check reply.docx
  wenshu check --format json --rules hk-zh-formal,hk-zh-characters notes.txt
  wenshu check --template fehd/reply-public --lang zh-HK draft.md
  wenshu check --fix draft.md
`;

export const TEMPLATES_HELP = `Usage: wenshu templates lint [DIR]
       wenshu templates list [--templates DIR] [--lang zh-HK|en] [--format text|json]

lint   validates every pack under DIR (a folder of packs, or one pack; default: the bundled packs).
       Prints file:line:column: message for each problem; exit 0 when there are none, 1 otherwise.
list   lists DEPARTMENT/TEMPLATE keys with their titles and languages.
`;

export const DRAFT_HELP = `Usage: wenshu draft --template DEPT/ID [--field key=value]... [--points "..."]... [options]

Drafts a document from a template with the offline composer (no language model): fields filled,
sections laid out, key points placed in the right sections. The draft is checked by the same rules
before it is written; findings are printed on stderr.

Options:
  --template DEPT/ID         the template (see wenshu templates list)
  --field key=value          a field value (repeatable); see the template's fields
  --points "..."             a key point (repeatable; several points may also be given one a line)
  --lang zh-HK|en            the draft's language (default: the template's first language)
  --classification LEVEL     UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET or TOP SECRET
  --date YYYY-MM-DD          the draft's date (default: today in Hong Kong)
  --out FILE.md|FILE.docx    write the draft there (default: Markdown on stdout)
  --templates DIR            template packs to use (default $WENSHU_TEMPLATES or the bundled packs)

Exit codes: 0 written with no error-level findings, 1 written with error-level findings, 2 bad input.

Examples:
  wenshu draft --template fehd/reply-public --lang zh-HK --field ourRef="(12) in FEHD HQ/1234/56" \
      --field subject=街市衞生 ... --points "本署已加強清潔" --out reply.docx
`;

export const HELP: Record<string, string> = { check: CHECK_HELP, templates: TEMPLATES_HELP, draft: DRAFT_HELP };
