/**
 * An object's readable summary, suited to its type: pattern and validity for indicators, kill
 * chain phases, the two ends of a relationship, what a sighting saw, labels, markings (TLP and
 * others) and external references. Every property not shown above appears under "Other
 * properties", so custom (`x_…`) properties and unknown types are never dropped. All values are
 * React text: markup in the data stays visible characters.
 */
import { Badge } from '../../components/badge';
import { useId, useState, type ReactNode } from 'react';
import { formatTimestamp } from '../../components/format';
import { idType, isStixLike } from '../objects/object-label';
import { ExternalLink } from './external-link';
import { describeMarking } from './markings';
import { MarkdownText } from './markdown-text';

type Json = Readonly<Record<string, unknown>>;

/** Resolves ids to loaded objects' names and lets the person jump to them. */
export interface RefResolver {
  nameOf: (id: string) => string | undefined;
  objectOf: (id: string) => Json | undefined;
  open: (id: string) => void;
  isLoaded: (id: string) => boolean;
}

const SHOWN = new Set([
  'type',
  'id',
  'spec_version',
  'created',
  'modified',
  'created_by_ref',
  'revoked',
  'confidence',
  'lang',
  'labels',
  'name',
  'description',
  'aliases',
  'pattern',
  'pattern_type',
  'pattern_version',
  'valid_from',
  'valid_until',
  'kill_chain_phases',
  'object_marking_refs',
  'granular_markings',
  'external_references',
  'source_ref',
  'target_ref',
  'relationship_type',
  'start_time',
  'stop_time',
  'sighting_of_ref',
  'where_sighted_refs',
  'observed_data_refs',
  'first_seen',
  'last_seen',
  'count',
  'published',
  'object_refs',
]);

const isStr = (v: unknown): v is string => typeof v === 'string';
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isStr) : []);

/** A reference shown by name when loaded, with a button to inspect it. */
export function RefLink({ id, refs }: { id: string; refs: RefResolver }) {
  const name = refs.nameOf(id);
  if (!refs.isLoaded(id))
    return (
      <span className="ref unloaded" title="Not among the loaded objects">
        <span className="mono break">{id}</span>
      </span>
    );
  return (
    <button
      type="button"
      className="link ref"
      onClick={() => refs.open(id)}
      aria-label={`Inspect ${name ?? id}`}
    >
      <span className="type-tag small">{idType(id)}</span>{' '}
      {name ?? <span className="mono">{id}</span>}
    </button>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Chips({ values }: { values: string[] }) {
  return (
    <span className="chips">
      {values.map((v, i) => (
        <span key={`${v}-${i}`} className="chip">
          {v}
        </span>
      ))}
    </span>
  );
}

/** valid_from … valid_until, and whether that holds now. */
function Validity({ from, until }: { from?: string; until?: string }) {
  const [now] = useState(() => Date.now());
  const f = from ? Date.parse(from) : NaN;
  const u = until ? Date.parse(until) : NaN;
  const state =
    !Number.isNaN(u) && u < now
      ? { word: 'expired', tone: 'warn' as const }
      : !Number.isNaN(f) && f > now
        ? { word: 'not yet valid', tone: 'warn' as const }
        : { word: 'valid now', tone: 'ok' as const };
  return (
    <span data-testid="validity">
      {from ? formatTimestamp(from) : '—'} → {until ? formatTimestamp(until) : 'no end'}{' '}
      <Badge tone={state.tone}>{state.word}</Badge>
    </span>
  );
}

function show(v: unknown): string {
  if (isStr(v)) return v;
  return JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ');
}

/** The summary of `o`. */
export function ObjectSummary({ object: o, refs }: { object: Json; refs: RefResolver }) {
  const base = useId();
  if (!isStixLike(o)) {
    return (
      <div className="summary" data-testid="summary">
        <p className="notice">
          This item is not a STIX object (it has no string <code>type</code> and <code>id</code>).
          It is shown as the server sent it: see the JSON tab.
        </p>
        <OtherProperties o={o} skip={new Set()} />
      </div>
    );
  }
  const phases = Array.isArray(o.kill_chain_phases)
    ? (o.kill_chain_phases as Json[]).filter((p) => p && typeof p === 'object')
    : [];
  const markings = strings(o.object_marking_refs);
  const granular = Array.isArray(o.granular_markings) ? (o.granular_markings as Json[]) : [];
  const extRefs = Array.isArray(o.external_references) ? (o.external_references as Json[]) : [];
  const sources = extRefs.map((r) => (isStr(r.source_name) ? r.source_name : undefined));
  const refId = (i: number): string => `${base}-ref-${i}`;
  return (
    <div className="summary" data-testid="summary">
      {o.type.startsWith('x-') && (
        <p className="notice small">
          A custom object type (<span className="mono">{o.type}</span>): every property is listed
          below.
        </p>
      )}
      {isStr(o.description) && (
        <MarkdownText text={o.description} sources={sources} refId={refId} />
      )}
      <dl className="facts">
        {o.type === 'relationship' && (
          <Fact term="Relationship">
            <span className="relation-line">
              {isStr(o.source_ref) && <RefLink id={o.source_ref} refs={refs} />}
              <strong className="rel-type">
                {isStr(o.relationship_type) ? o.relationship_type : '?'}
              </strong>
              {isStr(o.target_ref) && <RefLink id={o.target_ref} refs={refs} />}
            </span>
          </Fact>
        )}
        {o.type === 'sighting' && isStr(o.sighting_of_ref) && (
          <Fact term="Sighting of">
            <RefLink id={o.sighting_of_ref} refs={refs} />
          </Fact>
        )}
        {typeof o.count === 'number' && <Fact term="Count">{o.count}</Fact>}
        {(isStr(o.first_seen) || isStr(o.last_seen)) && (
          <Fact term="Seen">
            {formatTimestamp(o.first_seen as string | undefined) || '?'} →{' '}
            {formatTimestamp(o.last_seen as string | undefined) || '?'}
          </Fact>
        )}
        {strings(o.where_sighted_refs).length > 0 && (
          <Fact term="Where sighted">
            {strings(o.where_sighted_refs).map((id) => (
              <RefLink key={id} id={id} refs={refs} />
            ))}
          </Fact>
        )}
        {isStr(o.pattern) && (
          <Fact term="Pattern">
            <code className="code-block pattern" data-testid="pattern">
              {o.pattern}
            </code>
            <span className="muted small">
              {isStr(o.pattern_type) ? o.pattern_type : 'stix'}
              {isStr(o.pattern_version) ? ` ${o.pattern_version}` : ''}
            </span>
          </Fact>
        )}
        {(isStr(o.valid_from) || isStr(o.valid_until)) && (
          <Fact term="Validity">
            <Validity
              {...(isStr(o.valid_from) ? { from: o.valid_from } : {})}
              {...(isStr(o.valid_until) ? { until: o.valid_until } : {})}
            />
          </Fact>
        )}
        {(isStr(o.start_time) || isStr(o.stop_time)) && (
          <Fact term="Active">
            {formatTimestamp(o.start_time as string | undefined) || '?'} →{' '}
            {formatTimestamp(o.stop_time as string | undefined) || '?'}
          </Fact>
        )}
        {isStr(o.published) && <Fact term="Published">{formatTimestamp(o.published)}</Fact>}
        {phases.length > 0 && (
          <Fact term="Kill chain phases">
            <span className="chips" data-testid="kill-chain">
              {phases.map((p, i) => (
                <span key={i} className="chip">
                  <span className="muted">{show(p.kill_chain_name)}:</span> {show(p.phase_name)}
                </span>
              ))}
            </span>
          </Fact>
        )}
        {strings(o.labels).length > 0 && (
          <Fact term="Labels">
            <Chips values={strings(o.labels)} />
          </Fact>
        )}
        {strings(o.aliases).length > 0 && (
          <Fact term="Aliases">
            <Chips values={strings(o.aliases)} />
          </Fact>
        )}
        {typeof o.confidence === 'number' && <Fact term="Confidence">{o.confidence}</Fact>}
        {o.revoked === true && (
          <Fact term="Revoked">
            <Badge tone="warn">revoked</Badge>
          </Fact>
        )}
        {isStr(o.created_by_ref) && (
          <Fact term="Created by">
            <RefLink id={o.created_by_ref} refs={refs} />
          </Fact>
        )}
        {isStr(o.created) && <Fact term="Created">{formatTimestamp(o.created)}</Fact>}
        {isStr(o.modified) && <Fact term="Modified">{formatTimestamp(o.modified)}</Fact>}
        <Fact term="Spec version">
          {isStr(o.spec_version) ? o.spec_version : '2.0 (none given)'}
        </Fact>
        {isStr(o.lang) && <Fact term="Language">{o.lang}</Fact>}
        {strings(o.object_refs).length > 0 && (
          <Fact term="Object refs">{strings(o.object_refs).length} objects (see Relations)</Fact>
        )}
      </dl>
      {(markings.length > 0 || granular.length > 0) && (
        <section aria-label="Markings" data-testid="markings">
          <h3>Markings</h3>
          <ul className="plain-list">
            {markings.map((id) => {
              const m = describeMarking(id, refs.objectOf(id));
              return (
                <li key={id}>
                  <span className={m.tlp ? `tlp tlp-${m.tlp}` : 'badge'}>{m.label}</span>
                  {!m.tlp && m.label !== id && <span className="mono small muted"> {id}</span>}
                </li>
              );
            })}
            {granular.map((g, i) => {
              const id = isStr(g.marking_ref) ? g.marking_ref : undefined;
              const m = id ? describeMarking(id, refs.objectOf(id)) : undefined;
              return (
                <li key={`g${i}`}>
                  <span className={m?.tlp ? `tlp tlp-${m.tlp}` : 'badge'}>
                    {m?.label ?? (isStr(g.lang) ? `lang ${g.lang}` : 'marking')}
                  </span>{' '}
                  <span className="muted small">on {strings(g.selectors).join(', ')}</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {extRefs.length > 0 && (
        <section aria-label="External references" data-testid="external-references">
          <h3>External references</h3>
          <ul className="plain-list ext-refs">
            {extRefs.map((r, i) => (
              <li key={i} id={refId(i)} tabIndex={-1}>
                <strong>{show(r.source_name ?? 'reference')}</strong>
                {isStr(r.external_id) && (
                  <>
                    {' '}
                    <span
                      className={
                        isStr(r.source_name) && /^mitre-/.test(r.source_name) ? 'attack-id' : 'mono'
                      }
                    >
                      {r.external_id}
                    </span>
                  </>
                )}
                {isStr(r.description) && <div className="muted prewrap">{r.description}</div>}
                {isStr(r.url) && (
                  <div>
                    <ExternalLink url={r.url} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <OtherProperties o={o} skip={SHOWN} />
    </div>
  );
}

function OtherProperties({ o, skip }: { o: Json; skip: ReadonlySet<string> }) {
  const rest = Object.entries(o).filter(([k]) => !skip.has(k));
  if (rest.length === 0) return null;
  return (
    <section aria-label="Other properties" data-testid="other-properties">
      <h3>Other properties</h3>
      <dl className="facts">
        {rest.map(([k, v]) => (
          <Fact key={k} term={k}>
            <span className={isStr(v) ? 'prewrap' : 'mono small prewrap'}>{show(v)}</span>
          </Fact>
        ))}
      </dl>
    </section>
  );
}
