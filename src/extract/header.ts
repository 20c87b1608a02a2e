/**
 * From / to / subject / participants.
 *
 * Normal form of a party: the office or name as written, with a leading article and trailing punctuation dropped and
 * a parenthesised surname kept: "The Ambassador in Russia (Francis)" → "Ambassador in Russia (Francis)";
 * "Secretary of State Rusk" stays; cable addressees keep their routing form ("AMEMBASSY MOSCOW", "SECSTATE WASHDC")
 * without precedence and message number. Several recipients are split on ";" and on " and the ".
 */
import type { Named } from '../documents/fields.js';
import { findDates } from './dates.js';
import { splitLines, lineSpan, type Extracted, type Line } from './span.js';

const HEADER_LINES = 40;

export interface HeaderResult {
  from: Extracted<Named>[];
  to: Extracted<Named>[];
  subject: Extracted<string> | null;
  participants: Extracted<Named>[];
}

/** Drops "The", footnote digits glued to words, and trailing punctuation. */
export function normaliseParty(raw: string): string {
  return raw
    .replace(/\s+/g, ' ')
    .replace(/^\s*(?:the|The|THE)\s+/, '')
    .replace(/([a-z)])\d+\b/g, '$1')
    .replace(/\s*\(\s*/g, ' (')
    .replace(/\s*\)/g, ')')
    .replace(/[\s,.;:]+$/, '')
    .trim();
}

const NO_RECIPIENT = /^(?:files?|record|the files?|the record)$/i;

function party(raw: string, line: Line, offset: number): Extracted<Named>[] {
  // Split lists of addressees; keep offsets so each part has its own span.
  const out: Extracted<Named>[] = [];
  const re = /;\s*|\s+and\s+(?=the\s|The\s|Secretary|President|Ambassador)/g;
  let last = 0;
  const parts: [number, number][] = [];
  for (const m of raw.matchAll(re)) {
    parts.push([last, m.index]);
    last = m.index + m[0].length;
  }
  parts.push([last, raw.length]);
  for (const [s, e] of parts) {
    const name = normaliseParty(raw.slice(s, e));
    // "MEMORANDUM FOR THE FILE", "Memorandum for the Record": written to no one.
    if (name && !NO_RECIPIENT.test(name)) out.push({ value: { name }, span: lineSpan(line, offset + s, offset + e) });
  }
  return out;
}

// FRUS heading kinds before "From"/"by": "Memorandum From", "Telegram From", "Letter From", "Paper Prepared by".
const KIND_PREFIX =
  /^(\s*(?:\d{1,4}\.\s+)?)((?:Action |Information |Briefing |Circular |Backchannel |Personal |Intelligence )?(?:Memorandum|Telegram|Airgram|Letter|Message|Note|Despatch|Paper|Minutes|Report|Record|Notes|Cable|Summary)(?: of (?:a |the )?(?:Conversation|Meeting|Telephone Conversation))?\s+([Ff]rom|[Bb]y|Prepared (?:by|in)|for|to)\s+)?/;
// The dateline ends the heading zone: a body sentence must not be read as "<party> to <party>".
const isDateline = (t: string) => /\bundated\b/i.test(t) || findDates(t).length > 0;

/** Splits a FRUS heading "A to B" at the right " to ": the one after a ")" if any, else the first before a capital or "the". */
function splitTo(body: string): number {
  const cands = [...body.matchAll(/\s+to\s+(?=the\s|[A-Z])/g)];
  if (cands.length === 0) return -1;
  const afterParen = cands.find((m) => body[m.index - 1] === ')');
  return (afterParen ?? cands[0]!).index;
}

function frusHeading(lines: readonly Line[]): Pick<HeaderResult, 'from' | 'to'> | null {
  for (const line of lines.slice(0, 10)) {
    const t = line.text;
    if (!t.trim() || t.length > 300 || /^\s*(?:\[|File No|Source:)/i.test(t)) continue;
    if (!/ to /.test(t) && isDateline(t)) break;
    const km = KIND_PREFIX.exec(t)!;
    const prefix = km[0];
    const body = t.slice(prefix.length);
    const hasKind = km[2] !== undefined;
    // Without a stated kind the heading must read "<party> to <party>" and start like a party.
    if (!hasKind && !/^\s*(?:The |President |Mr\. |Dr\. |Colonel |General |Secretary |Senator |[A-Z][a-z]+ [A-Z])/.test(body)) continue;
    const at = splitTo(body);
    const kindTo = hasKind && /\b(?:for|to)\s+$/.test(prefix);
    if (at === -1 && !hasKind) continue;
    if (kindTo) return { from: [], to: party(body, line, prefix.length) };
    if (at === -1) return { from: party(body, line, prefix.length), to: [] };
    const toStart = at + body.slice(at).indexOf('to') + 2;
    return { from: party(body.slice(0, at), line, prefix.length), to: party(body.slice(toStart), line, prefix.length + toStart) };
  }
  return null;
}

// Labels of memo and cable headers. Values may continue on indented lines until the next label or a blank line.
const LABELS: [RegExp, 'from' | 'to' | 'subject' | 'participants'][] = [
  [/^\s*MEMORANDUM\s+FOR\s*:?\s*/i, 'to'],
  [/^\s*(?:FROM|FM)\s*:\s*|^\s*FM\s+(?=[A-Z]{3})/, 'from'],
  [/^\s*(?:TO|THRU|THROUGH)\s*:\s*|^\s*TO\s+(?=[A-Z]{3})/, 'to'],
  [/^\s*(?:SUBJECT|SUBJ|Subject|SUBJECT\/TITLE)\s*:\s*|^\s*Subject\s*:\s*/, 'subject'],
  [/^\s*(?:PARTICIPANTS?|Participants?)\s*:\s*/, 'participants'],
];
/** What every one of `LABELS` starts with, case aside: a line without it (most lines) is tried once, not once per label. */
const LABEL_START = /^\s*(?:memorandum\s+for|from|fm|to|thru|through|subj|participant)/i;
const ANY_LABEL =
  /^\s*(?:[A-Z][A-Z ,/&]{1,40}:|FM\s|TO\s|INFO\s|E\.\s?O\.|TAGS|REF\b|[OPRZ]\s+\d{6}Z|(?:SECRET|CONFIDENTIAL|UNCLASSIFIED|TOP SECRET)\b)/;
// Cable addressee tails: precedence and message number ("SECSTATE WASHDC IMMEDIATE 1234").
const ROUTING_TAIL = /\s+(?:NIACT\s+)?(?:FLASH|IMMEDIATE|PRIORITY|ROUTINE)(?:\s+\d+)?\s*$|\s+\d{3,5}\s*$/;

function labelled(lines: readonly Line[]): HeaderResult {
  const res: HeaderResult = { from: [], to: [], subject: null, participants: [] };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!LABEL_START.test(line.text)) continue;
    for (const [re, field] of LABELS) {
      const m = re.exec(line.text);
      if (!m) continue;
      const cont: Line[] = [];
      if (m[0].length < line.text.trimEnd().length) cont.push({ text: line.text.slice(m[0].length), start: line.start + m[0].length });
      // Continuation lines: indented, or any non-label line for participants lists.
      for (let j = i + 1; j < lines.length; j++) {
        const next = lines[j]!;
        if (!next.text.trim() || ANY_LABEL.test(next.text)) break;
        if (field !== 'participants' && !/^\s{2,}/.test(next.text) && cont.length > 0) break;
        cont.push(next);
      }
      if (field === 'subject' && !res.subject && cont.length > 0) {
        const first = cont[0]!;
        const last = cont[cont.length - 1]!;
        const value = cont.map((c) => c.text.trim()).join(' ');
        res.subject = { value, span: { start: lineSpan(first).start, end: lineSpan(last).end } };
      } else if (field === 'participants') {
        for (const c of cont) {
          // Side headings ("U.S.", "Russia", "Soviet Union", "United States Side:") are not people: one bare word, a known
          // side, or a short line ending in a colon.
          if (
            /^\s*(?:U\.\s?S\.(?:\s?Side)?|US|United States|Soviet Union|[A-Z][a-z]+|[A-Z][\w. ]{0,25} Side|[^:]{1,30}:)\s*:?\s*$/.test(
              c.text,
            )
          )
            continue;
          for (const p of c.text.split(/;\s*/)) {
            const name = p.replace(/[\s,.;]+$/, '').trim();
            const offs = c.text.indexOf(p);
            if (name) res.participants.push({ value: { name }, span: lineSpan(c, offs, offs + p.length) });
          }
        }
      } else if (field === 'from' || field === 'to') {
        if (res[field].length > 0 && field === 'from') continue;
        for (const c of cont) {
          const raw = c.text.replace(ROUTING_TAIL, '');
          res[field].push(...party(raw, c, 0));
        }
      }
      break;
    }
  }
  return res;
}

export function extractHeader(text: string): HeaderResult {
  const lines = splitLines(text, HEADER_LINES);
  const res = labelled(lines);
  if (res.from.length === 0 && res.to.length === 0) {
    const h = frusHeading(lines);
    if (h) {
      res.from = h.from;
      res.to = h.to;
    }
  }
  return res;
}
