/** Help texts: `wenshu --help`, `wenshu help COMMAND`, `wenshu COMMAND --help`. */
import { BUILTIN_RULE_SET_IDS } from '../core/checks';

export const MAIN_HELP = `wenshu: draft and check Hong Kong government documents (文書通)

Usage:
  wenshu check FILE... [options]       check .txt, .md, .docx and .eml files against the house rules
  wenshu check --pair ZH EN            check that the Chinese and English versions agree
  wenshu draft --template DEPT/ID ...  draft from a template with the offline composer
  wenshu templates lint [DIR]          validate template packs
  wenshu templates list                list the templates
  wenshu serve [--config FILE]         run the gateway (default 127.0.0.1:8787, offline drafter)
  wenshu audit verify|checkpoint|purge check, sign or purge the audit trail
  wenshu keys create --department D    make an API key for a service
  wenshu knowledge index [DEPT]        index the department knowledge (only changed files)
  wenshu knowledge search DEPT "query" search a department's knowledge
  wenshu help COMMAND                  help on a command
  wenshu --version

Exit codes: 0 no errors, 1 error-level findings (or pack problems), 2 bad input.
`;

export const CHECK_HELP = `Usage: wenshu check FILE... [options]
       wenshu check --pair ZH_FILE EN_FILE [options]

Checks .txt and .md (UTF-8), .docx and .eml files: formal written Chinese, HK Traditional characters,
punctuation, English house style, official names, personal data, classification markings.

With --pair, checks that a Chinese and an English version say the same thing (rule set bilingual): the
paragraphs are aligned, and amounts, percentages, dates, times, reference numbers, other numbers and
official names in one version but not the other, or different, are reported in the file where they show.
The two files may be in any readable format and in either order; one file is taken as a bilingual
document and its Chinese and English paragraphs are compared.

Options:
  --format text|json|sarif   output format (default text)
  --rules SET,...            only these rule sets (repeatable); default: all, or the template's
  --template DEPT/ID         check against a template: its rule sets, required sections, classification,
                             and the department's own rules
  --templates DIR            template packs to use (default $WENSHU_TEMPLATES or the bundled packs)
  --lang zh-HK|en            language of messages (default: zh-HK when LANG is Chinese, else en)
  --fix                      .txt and .md only: apply the first fix of each finding (non-overlapping),
                             keeping the original as FILE.bak, then check again
  --pair                     the bilingual check of ZH_FILE against EN_FILE (not with --fix); --template
                             adds the department's glossary, --rules also runs those rule sets on each file

Rule sets: ${wrap(BUILTIN_RULE_SET_IDS.join(', '), 90, '           ')}; with --pair: bilingual

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
  wenshu check --pair --template fehd/reply-public reply-zh.docx reply-en.docx
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
  --model NAME               draft with this model through the gateway (POST /v1/drafts): the frame from
                             the template, the model's sections normalised and verified; --date not allowed
  --gateway URL              the gateway for --model (default $WENSHU_GATEWAY or http://127.0.0.1:8787)
  --api-key-env VAR          environment variable holding the gateway API key (default WENSHU_API_KEY)

Exit codes: 0 written with no error-level findings, 1 written with error-level findings, 2 bad input.

Examples:
  wenshu draft --template fehd/reply-public --lang zh-HK --field ourRef="(12) in FEHD HQ/1234/56" \
      --field subject=街市衞生 ... --points "本署已加強清潔" --out reply.docx
`;

export const SERVE_HELP = `Usage: wenshu serve [--config FILE] [--host H] [--port N] [--dev]

Runs the gateway: the OpenAI-compatible API, drafting, checking and templates, with the embedded SQLite
store (./data/wenshu.db) and the offline drafter unless the configuration names model servers.
The configuration file is YAML ($WENSHU_CONFIG when --config is absent); every key can be overridden by
an environment variable WENSHU_<KEY>__<KEY> (e.g. WENSHU_SERVER__PORT=9000). See the README.

Without authentication configured (auth.jwt or auth.apiKeys) it refuses to start, unless development
mode is asked for: --dev (or auth: { mode: development }) serves this machine only (loopback socket,
loopback Host name, no proxy headers), as a development user. npm start passes --dev.
`;

export const AUDIT_HELP = `Usage: wenshu audit verify [--db FILE] [--expect SEQ:HASH] [--checkpoint FILE|DIR --public-key FILE]
       wenshu audit verify --postgres URL | --postgres-env NAME [--expect SEQ:HASH]
       wenshu audit checkpoint --key PRIVATE.pem [--db FILE] [--out FILE|DIR]
       wenshu audit keygen --out DIR
       wenshu audit purge [--db FILE]

verify      walks the audit trail's hash chain and reports the first broken sequence after any edit,
            deletion or reordering. With --checkpoint (a signed checkpoint, or a directory of them) and the
            checkpoint key's public half, also a rewrite of the whole chain and its head, and the newest
            records deleted with the head moved back. Exit 0 intact, 1 broken, 2 bad input.
checkpoint  verifies the trail (and the checkpoints already in --out) and signs its head with the Ed25519
            key: keep the file where the gateway's administrators cannot change it. The gateway writes one
            every audit.checkpoints.intervalMinutes when audit.checkpoints.privateKeyFile is set.
keygen      makes the checkpoint key: DIR/audit-checkpoint.key (private, 0600) and audit-checkpoint.pub.
purge       deletes kept text past its expiry (its digest stays in the chain); the gateway does this at
            start and every audit.purgeIntervalMinutes (default 60).
`;

export const KEYS_HELP = `Usage: wenshu keys create --department DEPT [--name NAME] [--tier free|paid]

Prints a new API key once, and the line (with its SHA-256 only) to add to auth.apiKeys.
`;

export const KNOWLEDGE_HELP = `Usage: wenshu knowledge index [DEPT...] [options]
       wenshu knowledge search DEPT "query" [--k N] [--format text|json] [options]

index   builds or updates the knowledge index from templates/<DEPT>/knowledge and templates/shared/knowledge
        (Markdown, .txt, .docx, .pdf): only files whose size, time or content changed are read again.
        A progress bar on a terminal, a summary otherwise. Files that cannot be read (a damaged .docx, a
        PDF without text, an unknown format) are named on stderr and skipped; the rest is indexed (exit 1).
search  shows the passages of DEPT's knowledge (and the shared knowledge) that best match the query, with
        their file, heading and score. Chinese and English queries both work; the department's glossary
        finds passages in the other language. The index is brought up to date first.

Options:
  --templates DIR            template packs (default $WENSHU_TEMPLATES or the bundled packs)
  --db FILE                  the index (default data/knowledge.db, as the gateway uses beside data/wenshu.db)
  --rebuild                  index: read every file again
  --k N                      search: how many passages (default 5, at most 50)
  --format text|json         search: output format (default text)
  --lexical                  search: lexical (BM25) ranking only, even with an embeddings model
  --embeddings-url URL       an OpenAI-compatible embeddings endpoint (e.g. http://gpu01:8000/v1) for hybrid
  --embeddings-model NAME    retrieval; with --embeddings-key-env VAR naming the variable holding its key
  --embeddings-internal      the embeddings server is inside the government network (default: external, so
                             every text sent to it is redacted first)
  --embeddings-max-classification LEVEL
                             the highest classification it may receive (default UNCLASSIFIED): files above it
                             are indexed lexically only, and marked queries above it are searched lexically
`;

export const HELP: Record<string, string> = {
  check: CHECK_HELP,
  templates: TEMPLATES_HELP,
  draft: DRAFT_HELP,
  serve: SERVE_HELP,
  audit: AUDIT_HELP,
  keys: KEYS_HELP,
  knowledge: KNOWLEDGE_HELP,
};

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}
