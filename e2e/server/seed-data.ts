/**
 * The project's own seeded feed: a few hundred STIX 2.1 objects over most types, written here and
 * generated from a fixed seed so every run serves the same ids, versions and `date_added` values.
 *
 * It includes several versions of some objects, revoked objects, the standard TLP marking
 * definitions applied through `object_marking_refs`, observables, a few STIX 2.0 representations
 * (for `match[spec_version]`), and one malware whose name and description hold HTML and script,
 * so that the UI's inertness can be tested.
 */
import { Prng } from './prng';
import type { StixObject } from './store';

/** One seeded version and the instant it is added to the collection. */
export interface SeedItem {
  object: StixObject;
  micros: number;
}

/** The STIX 2.1 predefined TLP marking definitions (STIX 2.1 §7.2.1.4), with their fixed ids. */
export const TLP = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;

/** Id of the malware whose name and description hold HTML/script (for UI inertness tests). */
export const HOSTILE_MARKUP_ID = 'malware--0b1e3c5a-7d9f-4e21-8a43-c6e8f0a2b4d6';
/** Id of the indicator that has three versions in the seed. */
export const VERSIONED_INDICATOR_ID = 'indicator--5d7f9b1c-3e5a-4c7e-9f1b-2d4f6a8c0e12';
/** Id of an object stored as STIX 2.0 first and STIX 2.1 later (match[spec_version] tests). */
export const DUAL_SPEC_ID = 'indicator--8a0c2e4f-6b8d-4f1a-8c3e-5a7c9e1b3d05';
/** Id of an object that exists only as STIX 2.0. */
export const SPEC20_ONLY_ID = 'campaign--2c4e6a8b-0d2f-4b6d-8f0a-3c5e7a9b1d07';
/** The identity that created the seeded objects. */
export const SEED_IDENTITY_ID = 'identity--f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';

const START = Date.UTC(2025, 0, 6, 8, 0, 0); // first date_added of the feed

const ACTOR_NAMES = [
  'Copper Heron',
  'Silent Lynx',
  'Amber Jackal',
  'Night Comet',
  'Rust Owl',
  'Glass Viper',
  'Polar Finch',
  'Iron Tapir',
];
const SET_NAMES = [
  'OPERATION-FENWICK',
  'TIDEPOOL',
  'GRAYLATCH',
  'STONECROP',
  'MARSHLIGHT',
  'BRINESHADOW',
  'LOWTIDE',
  'KESTREL-9',
];
const CAMPAIGN_NAMES = [
  'Winter Relay',
  'Harbor Lights',
  'Paper Crane',
  'Quiet Meter',
  'Red Lantern',
  'Salt Road',
  'Blue Ledger',
  'Cold Forge',
];
const MALWARE_NAMES = [
  'FerretLoader',
  'QuillRAT',
  'DuskStealer',
  'Moltbot',
  'PipeWren',
  'CinderLock',
  'TarnishWiper',
  'HollowGate',
  'BrackenShell',
  'SpindleKit',
  'LoamDrop',
  'VesperRAT',
  'OakWorm',
  'ShaleMiner',
];
const TOOL_NAMES = ['Mimikatz', 'PsExec', 'Cobalt Strike', 'AdFind', 'Rclone'];
const TECHNIQUES: [string, string][] = [
  ['T1566.001', 'Spearphishing Attachment'],
  ['T1059.001', 'PowerShell'],
  ['T1071.001', 'Web Protocols'],
  ['T1486', 'Data Encrypted for Impact'],
  ['T1003.001', 'LSASS Memory'],
  ['T1021.002', 'SMB/Windows Admin Shares'],
  ['T1105', 'Ingress Tool Transfer'],
  ['T1547.001', 'Registry Run Keys / Startup Folder'],
  ['T1190', 'Exploit Public-Facing Application'],
  ['T1078', 'Valid Accounts'],
  ['T1027', 'Obfuscated Files or Information'],
  ['T1041', 'Exfiltration Over C2 Channel'],
  ['T1055', 'Process Injection'],
  ['T1082', 'System Information Discovery'],
  ['T1112', 'Modify Registry'],
  ['T1204.002', 'Malicious File'],
  ['T1490', 'Inhibit System Recovery'],
  ['T1567.002', 'Exfiltration to Cloud Storage'],
];
const CVES: [string, string][] = [
  ['CVE-2021-44228', 'Apache Log4j2 JNDI lookup remote code execution'],
  ['CVE-2023-34362', 'MOVEit Transfer SQL injection'],
  ['CVE-2023-4966', 'Citrix NetScaler session token disclosure'],
  ['CVE-2024-3400', 'PAN-OS GlobalProtect command injection'],
  ['CVE-2023-23397', 'Microsoft Outlook elevation of privilege'],
  ['CVE-2022-30190', 'MSDT remote code execution (Follina)'],
  ['CVE-2024-21762', 'FortiOS SSL VPN out-of-bounds write'],
  ['CVE-2023-22515', 'Confluence broken access control'],
  ['CVE-2021-26855', 'Exchange Server SSRF (ProxyLogon)'],
  ['CVE-2024-1709', 'ScreenConnect authentication bypass'],
];
const COUNTRIES: [string, string, string][] = [
  ['Germany', 'DE', 'europe'],
  ['Japan', 'JP', 'asia'],
  ['Brazil', 'BR', 'south-america'],
  ['Canada', 'CA', 'north-america'],
  ['Kenya', 'KE', 'africa'],
  ['Australia', 'AU', 'oceania'],
  ['Norway', 'NO', 'europe'],
  ['India', 'IN', 'asia'],
];
const SECTORS = [
  'energy',
  'financial-services',
  'healthcare',
  'government-national',
  'manufacturing',
  'telecommunications',
  'utilities',
  'education',
];
const TLDS = ['com', 'net', 'org', 'info', 'xyz', 'top', 'io'];
const WORDS = [
  'cdn',
  'update',
  'secure',
  'login',
  'portal',
  'sync',
  'mail',
  'files',
  'static',
  'auth',
  'cloud',
  'relay',
  'metrics',
  'docs',
];

/** Builds the seeded feed: every version, ascending by `date_added` micros. */
export function buildSeedFeed(): SeedItem[] {
  const rng = new Prng(20250106);
  const items: SeedItem[] = [];
  let clock = START;

  /** Milliseconds since START for the next addition: a few hours later each time. */
  const advance = (minHours = 1, maxHours = 9): number => {
    clock += rng.int(minHours * 60, maxHours * 60) * 60_000 + rng.int(0, 59_999);
    return clock;
  };
  const stixTime = (ms: number): string => new Date(ms).toISOString(); // STIX: millisecond precision
  const id = (type: string): string => `${type}--${rng.uuid()}`;
  const tlp = (): string =>
    rng.pick([TLP.white, TLP.green, TLP.green, TLP.green, TLP.amber, TLP.amber, TLP.red]);
  const push = (object: Record<string, unknown>, addedMs: number): void => {
    items.push({ object: object as StixObject, micros: addedMs * 1000 + rng.int(0, 999) });
  };
  /** Adds an SDO/SRO whose created = modified shortly before it is added. */
  const sdo = (type: string, props: Record<string, unknown>, fixedId?: string): StixObject => {
    const added = advance();
    const created = stixTime(added - rng.int(5, 600) * 60_000);
    const object = {
      type,
      spec_version: '2.1',
      id: fixedId ?? id(type),
      created_by_ref: SEED_IDENTITY_ID,
      created,
      modified: created,
      ...props,
      object_marking_refs: [tlp()],
    } as StixObject;
    push(object, added);
    return object;
  };
  /** Adds a later version of `prev` with `changes` applied. */
  const revise = (
    prev: StixObject,
    changes: Record<string, unknown>,
    daysLater: number,
  ): StixObject => {
    const prevModified = Date.parse(prev.modified as string);
    const added = Math.max(clock, prevModified) + daysLater * 86_400_000 + rng.int(0, 3_600_000);
    const next = {
      ...prev,
      ...changes,
      modified: stixTime(added - rng.int(1, 120) * 60_000),
    } as StixObject;
    laterVersions.push({ object: next, micros: added * 1000 + rng.int(0, 999) });
    return next;
  };
  const laterVersions: SeedItem[] = [];

  // Who and how: the feed's own identity, the TLP definitions, other identities.
  push(
    {
      type: 'identity',
      spec_version: '2.1',
      id: SEED_IDENTITY_ID,
      created: '2025-01-06T07:30:00.000Z',
      modified: '2025-01-06T07:30:00.000Z',
      name: 'Taxiway Demo CTI',
      description:
        'The fictional team that publishes the Taxiway demo feed. All intelligence here is made up.',
      identity_class: 'organization',
      sectors: ['technology'],
      contact_information: 'demo@taxiway.invalid',
    },
    START - 3_600_000,
  );
  for (const [level, markingId] of Object.entries(TLP)) {
    push(
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: markingId,
        created: '2017-01-20T00:00:00.000Z',
        definition_type: 'tlp',
        name: `TLP:${level.toUpperCase()}`,
        definition: { tlp: level },
      },
      START - 3_000_000 + Object.keys(TLP).indexOf(level) * 1000,
    );
  }
  const victims = SECTORS.slice(0, 5).map((sector, i) =>
    sdo('identity', {
      name: `${['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Woodgrove'][i]} ${sector === 'healthcare' ? 'Health' : 'Group'}`,
      identity_class: 'organization',
      sectors: [sector],
    }),
  );

  const locations = COUNTRIES.map(([name, country, region]) =>
    sdo('location', { name, country, region }),
  );
  const actors = ACTOR_NAMES.map((name) =>
    sdo('threat-actor', {
      name,
      description: `${name} is a fictional financially and politically motivated group used in the Taxiway demo.`,
      threat_actor_types: [rng.pick(['crime-syndicate', 'nation-state', 'hacker', 'spy'])],
      aliases: [name.replace(' ', ''), `TA-${rng.int(100, 999)}`],
      first_seen: stixTime(START - rng.int(200, 900) * 86_400_000),
      roles: ['agent'],
      sophistication: rng.pick(['intermediate', 'advanced', 'expert']),
      resource_level: rng.pick(['club', 'organization', 'government']),
      primary_motivation: rng.pick(['financial-gain', 'organizational-gain', 'ideology']),
    }),
  );
  const sets = SET_NAMES.map((name) =>
    sdo('intrusion-set', {
      name,
      description: `Activity cluster ${name}, tracked by the demo team.`,
      aliases: [name.toLowerCase()],
      goals: [
        rng.pick([
          'steal credentials',
          'disrupt operations',
          'extort victims',
          'collect intelligence',
        ]),
      ],
      first_seen: stixTime(START - rng.int(100, 600) * 86_400_000),
    }),
  );
  const malware = MALWARE_NAMES.map((name) =>
    sdo('malware', {
      name,
      description: `${name} is a fictional malware family.`,
      malware_types: [
        rng.pick([
          'remote-access-trojan',
          'ransomware',
          'dropper',
          'spyware',
          'wiper',
          'downloader',
        ]),
      ],
      is_family: true,
      architecture_execution_envs: [rng.pick(['x86-64', 'x86', 'arm'])],
      implementation_languages: [rng.pick(['c++', 'go', 'c', 'python'])],
    }),
  );
  malware.push(
    sdo(
      'malware',
      {
        name: '<img src=x onerror=alert(1)>',
        description:
          'Script in a description must stay text: <script>alert("taxiway")</script> <a href="javascript:alert(2)">click</a>',
        malware_types: ['unknown'],
        is_family: false,
        x_taxiway_note: '<b>bold?</b> should render as text, not markup',
      },
      HOSTILE_MARKUP_ID,
    ),
  );
  const tools = TOOL_NAMES.map((name) =>
    sdo('tool', {
      name,
      tool_types: [
        rng.pick([
          'credential-exploitation',
          'remote-access',
          'information-gathering',
          'exploitation',
        ]),
      ],
    }),
  );
  const patterns = TECHNIQUES.map(([tid, name]) =>
    sdo('attack-pattern', {
      name,
      external_references: [
        {
          source_name: 'mitre-attack',
          external_id: tid,
          url: `https://attack.mitre.org/techniques/${tid.replace('.', '/')}/`,
        },
      ],
      kill_chain_phases: [
        {
          kill_chain_name: 'mitre-attack',
          phase_name: rng.pick([
            'initial-access',
            'execution',
            'persistence',
            'exfiltration',
            'impact',
          ]),
        },
      ],
    }),
  );
  const vulns = CVES.map(([cve, desc]) =>
    sdo('vulnerability', {
      name: cve,
      description: desc,
      external_references: [{ source_name: 'cve', external_id: cve }],
    }),
  );
  const coas = [
    'Block indicator at the perimeter',
    'Reset exposed credentials',
    'Patch to the fixed release',
    'Isolate affected hosts',
    'Disable macros from the internet',
  ].map((name) => sdo('course-of-action', { name, description: `${name}.` }));
  const campaigns = CAMPAIGN_NAMES.map((name) =>
    sdo('campaign', {
      name,
      description: `The ${name} campaign.`,
      first_seen: stixTime(clock - rng.int(10, 120) * 86_400_000),
      objective: rng.pick(['credential theft', 'ransom', 'espionage']),
    }),
  );

  // Observables (SCOs have no created/modified; they are added as they are).
  const scos: StixObject[] = [];
  const addSco = (object: Record<string, unknown>): StixObject => {
    const o = { spec_version: '2.1', ...object } as unknown as StixObject;
    push(o, advance(0, 3));
    scos.push(o);
    return o;
  };
  const ips: string[] = [];
  const domains: string[] = [];
  for (let i = 0; i < 10; i++) {
    const ip = `${rng.pick([45, 91, 103, 185, 193, 203])}.${rng.int(1, 254)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
    ips.push(ip);
    addSco({ type: 'ipv4-addr', id: id('ipv4-addr'), value: ip });
  }
  for (let i = 0; i < 10; i++) {
    const d = `${rng.pick(WORDS)}-${rng.pick(WORDS)}${rng.int(1, 99)}.${rng.pick(TLDS)}`;
    domains.push(d);
    addSco({ type: 'domain-name', id: id('domain-name'), value: d });
  }
  const hashes: string[] = [];
  for (let i = 0; i < 6; i++) {
    const sha256 = rng.hex(64);
    hashes.push(sha256);
    addSco({
      type: 'file',
      id: id('file'),
      name: `${rng.pick(['invoice', 'update', 'setup', 'report', 'scan'])}_${rng.int(1000, 9999)}.${rng.pick(['exe', 'dll', 'docm', 'js', 'lnk'])}`,
      hashes: { 'SHA-256': sha256, MD5: rng.hex(32) },
      size: rng.int(20_000, 4_000_000),
    });
  }
  for (let i = 0; i < 6; i++) {
    addSco({
      type: 'url',
      id: id('url'),
      value: `https://${rng.pick(domains)}/${rng.pick(WORDS)}/${rng.hex(8)}.php`,
    });
  }

  // Indicators with real STIX patterns.
  const indicators: StixObject[] = [];
  const patternFor = (i: number): [string, string] => {
    switch (i % 6) {
      case 0:
        return [`[ipv4-addr:value = '${rng.pick(ips)}']`, 'Known C2 address'];
      case 1:
        return [`[domain-name:value = '${rng.pick(domains)}']`, 'Phishing domain'];
      case 2:
        return [`[file:hashes.'SHA-256' = '${rng.pick(hashes)}']`, 'Malicious file hash'];
      case 3:
        return [
          `[url:value = 'https://${rng.pick(domains)}/${rng.pick(WORDS)}.php']`,
          'Malicious URL',
        ];
      case 4:
        return [
          `[ipv4-addr:value ISSUBSET '${rng.int(45, 203)}.${rng.int(1, 254)}.${rng.int(0, 254)}.0/24']`,
          'Hosting range used for staging',
        ];
      default:
        return [
          `[email-message:from_ref.value = 'billing@${rng.pick(domains)}' AND email-message:subject = 'Invoice ${rng.int(100, 999)}']`,
          'Phishing e-mail',
        ];
    }
  };
  for (let i = 0; i < 84; i++) {
    const [pattern, label] = patternFor(i);
    const added = clock;
    indicators.push(
      sdo(
        'indicator',
        {
          name: `${label} ${i + 1}`,
          description: `${label}, observed by the demo team.`,
          indicator_types: [
            rng.pick(['malicious-activity', 'anomalous-activity', 'attribution', 'compromised']),
          ],
          pattern,
          pattern_type: 'stix',
          pattern_version: '2.1',
          valid_from: stixTime(added),
          confidence: rng.int(30, 95),
          labels: [rng.pick(['c2', 'phishing', 'malware', 'staging'])],
        },
        i === 7 ? VERSIONED_INDICATOR_ID : undefined,
      ),
    );
  }

  // STIX 2.0 representations: one object later re-issued as 2.1, one only ever 2.0.
  {
    const added = advance();
    const created = stixTime(added - 3_600_000);
    push(
      {
        type: 'indicator',
        id: DUAL_SPEC_ID,
        created,
        modified: created,
        name: 'Legacy C2 address (STIX 2.0 form)',
        labels: ['malicious-activity'],
        pattern: `[ipv4-addr:value = '${rng.pick(ips)}']`,
        valid_from: created,
      },
      added,
    );
    const added2 = advance();
    push(
      {
        type: 'indicator',
        spec_version: '2.1',
        id: DUAL_SPEC_ID,
        created,
        modified: stixTime(added2 - 60_000),
        name: 'Legacy C2 address',
        indicator_types: ['malicious-activity'],
        pattern: `[ipv4-addr:value = '${rng.pick(ips)}']`,
        pattern_type: 'stix',
        valid_from: created,
      },
      added2,
    );
    const added3 = advance();
    const created3 = stixTime(added3 - 86_400_000 * 400);
    push(
      {
        type: 'campaign',
        id: SPEC20_ONLY_ID,
        created: created3,
        modified: created3,
        name: 'Old Harbor (STIX 2.0 only)',
        description: 'A campaign object that exists only in STIX 2.0 form.',
      },
      added3,
    );
  }

  // Relationships and sightings.
  const rel = (type: string, source: StixObject, target: StixObject): StixObject =>
    sdo('relationship', { relationship_type: type, source_ref: source.id, target_ref: target.id });
  const relationships: StixObject[] = [];
  for (const ind of indicators.slice(0, 40))
    relationships.push(rel('indicates', ind, rng.pick(malware.slice(0, -1))));
  for (const m of malware.slice(0, 12)) relationships.push(rel('uses', m, rng.pick(patterns)));
  for (const s of sets) relationships.push(rel('attributed-to', s, rng.pick(actors)));
  for (const c of campaigns) relationships.push(rel('attributed-to', c, rng.pick(sets)));
  for (const a of actors.slice(0, 6)) relationships.push(rel('targets', a, rng.pick(locations)));
  for (const m of malware.slice(0, 6)) relationships.push(rel('exploits', m, rng.pick(vulns)));
  for (const c of coas) relationships.push(rel('mitigates', c, rng.pick(patterns)));
  for (const t of tools) relationships.push(rel('uses', rng.pick(sets), t));
  for (let i = 0; i < 10; i++) {
    const seen = clock;
    sdo('sighting', {
      sighting_of_ref: rng.pick(indicators).id,
      where_sighted_refs: [rng.pick(victims).id],
      count: rng.int(1, 40),
      first_seen: stixTime(seen - rng.int(1, 20) * 86_400_000),
      last_seen: stixTime(seen - rng.int(0, 1) * 86_400_000),
    });
  }

  // Reports that bundle the rest.
  for (let i = 0; i < 10; i++) {
    const refs = [
      rng.pick(actors).id,
      rng.pick(sets).id,
      ...rng.sample(indicators, 5).map((o) => o.id),
      ...rng.sample(relationships, 3).map((o) => o.id),
      rng.pick(malware.slice(0, -1)).id,
    ];
    sdo('report', {
      name: `Demo report ${i + 1}: ${rng.pick(CAMPAIGN_NAMES)} activity update`,
      description: 'A fictional threat report tying together indicators, malware and actors.',
      report_types: [rng.pick(['threat-report', 'campaign', 'indicator'])],
      published: stixTime(clock),
      object_refs: refs,
    });
  }
  sdo('note', {
    abstract: 'Analyst note',
    content: 'Confidence raised after new sightings.',
    object_refs: [indicators[3]!.id],
  });
  sdo('opinion', {
    opinion: 'agree',
    explanation: 'Matches our telemetry.',
    object_refs: [indicators[4]!.id],
  });
  sdo('grouping', {
    name: 'Triage queue',
    context: 'suspicious-activity',
    object_refs: indicators.slice(10, 15).map((o) => o.id),
  });

  // Later versions: the versioned indicator gets two more; some objects are revised; some revoked.
  const v1 = indicators[7] as StixObject;
  const v2 = revise(
    v1,
    { confidence: 80, description: 'Confidence raised after new sightings.' },
    12,
  );
  revise(v2, { confidence: 95, labels: ['c2', 'confirmed'] }, 20);
  for (const o of rng.sample(indicators.slice(20), 12))
    revise(o, { confidence: rng.int(60, 99) }, rng.int(5, 40));
  for (const o of rng.sample(malware.slice(0, -1), 4))
    revise(
      o,
      { description: `${String(o.description)} Updated with new samples.` },
      rng.int(5, 60),
    );
  for (const o of rng.sample(actors, 3))
    revise(o, { aliases: [...(o.aliases as string[]), `AKA-${rng.int(10, 99)}`] }, rng.int(5, 60));
  for (const o of rng.sample(indicators.slice(40, 84), 6))
    revise(o, { revoked: true }, rng.int(10, 80));
  revise(rng.pick(campaigns), { revoked: true }, 30);

  items.push(...laterVersions);
  items.sort((a, b) => a.micros - b.micros);
  // Unique, strictly increasing micros even if two additions landed on the same microsecond.
  for (let i = 1; i < items.length; i++) {
    const prev = items[i - 1] as SeedItem;
    const cur = items[i] as SeedItem;
    if (cur.micros <= prev.micros) cur.micros = prev.micros + 1;
  }
  return items;
}
