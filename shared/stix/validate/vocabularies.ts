/**
 * STIX 2.1 vocabularies (§10) and enumerations. Open vocabularies (`-ov`) SHOULD be used: a value
 * outside one is a warning. Enumerations (`-enum`) are closed: a value outside one is an error.
 */

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

/** Open vocabularies by name (§10). */
export const OPEN_VOCABULARIES: Readonly<Record<string, readonly string[]>> = {
  'account-type-ov': words(
    'facebook ldap nis openid radius skype tacacs twitter unix windows-local windows-domain',
  ),
  'attack-motivation-ov': words(
    'accidental coercion dominance ideology notoriety organizational-gain personal-gain personal-satisfaction revenge unpredictable',
  ),
  'attack-resource-level-ov': words('individual club contest team organization government'),
  'grouping-context-ov': words('suspicious-activity malware-analysis unspecified'),
  'hash-algorithm-ov': words('MD5 SHA-1 SHA-256 SHA-512 SHA3-256 SHA3-512 SSDEEP TLSH'),
  'identity-class-ov': words('individual group system organization class unknown'),
  'implementation-language-ov': words(
    'applescript bash c c++ c# go java javascript lua objective-c perl php powershell python ruby scala swift typescript visual-basic x86-32 x86-64',
  ),
  'indicator-type-ov': words(
    'anomalous-activity anonymization benign compromised malicious-activity attribution unknown',
  ),
  'industry-sector-ov': words(
    'agriculture aerospace automotive chemical commercial communications construction defense education energy entertainment financial-services government government-emergency-services government-local government-national government-public-services government-regional healthcare hospitality-leisure infrastructure infrastructure-dams infrastructure-nuclear infrastructure-water insurance manufacturing mining non-profit pharmaceuticals retail technology telecommunications transportation utilities',
  ),
  'infrastructure-type-ov': words(
    'amplification anonymization botnet command-and-control control-system exfiltration firewall hosting-malware hosting-target-lists phishing reconnaissance routers-switches staging workstation unknown',
  ),
  'malware-capabilities-ov': words(
    'accesses-remote-machines anti-debugging anti-disassembly anti-emulation anti-memory-forensics anti-sandbox anti-vm captures-input-peripherals captures-output-peripherals captures-system-state-data cleans-traces-of-infection commits-fraud communicates-with-c2 compromises-data-availability compromises-data-integrity compromises-system-availability controls-local-machine degrades-security-software degrades-system-updates determines-c2-server emails-spam escalates-privileges evades-av exfiltrates-data fingerprints-host hides-artifacts hides-executing-code infects-files infects-remote-machines installs-other-components persists-after-system-reboot prevents-artifact-access prevents-artifact-deletion probes-network-environment self-modifies steals-authentication-credentials violates-system-operational-integrity',
  ),
  'malware-result-ov': words('malicious suspicious benign unknown'),
  'malware-type-ov': words(
    'adware backdoor bot bootkit ddos downloader dropper exploit-kit keylogger ransomware remote-access-trojan resource-exploitation rogue-security-software rootkit screen-capture spyware trojan unknown virus webshell wiper worm',
  ),
  'pattern-type-ov': words('stix pcre sigma snort suricata yara'),
  'processor-architecture-ov': words('alpha arm ia-64 mips powerpc sparc x86 x86-64'),
  'region-ov': words(
    'africa eastern-africa middle-africa northern-africa southern-africa western-africa americas latin-america-caribbean south-america caribbean central-america northern-america asia central-asia eastern-asia southern-asia south-eastern-asia western-asia europe eastern-europe northern-europe southern-europe western-europe oceania antarctica australia-new-zealand melanesia micronesia polynesia',
  ),
  'report-type-ov': words(
    'attack-pattern campaign identity indicator intrusion-set malware observed-data threat-actor threat-report tool vulnerability',
  ),
  'threat-actor-type-ov': words(
    'activist competitor crime-syndicate criminal hacker insider-accidental insider-disgruntled nation-state sensationalist spy terrorist unknown',
  ),
  'threat-actor-role-ov': words(
    'agent director independent infrastructure-architect infrastructure-operator malware-author sponsor',
  ),
  'threat-actor-sophistication-ov': words(
    'none minimal intermediate advanced expert innovator strategic',
  ),
  'tool-type-ov': words(
    'denial-of-service exploitation information-gathering network-capture credential-exploitation remote-access vulnerability-scanning unknown',
  ),
};

/** Closed enumerations by name. */
export const ENUMERATIONS: Readonly<Record<string, readonly string[]>> = {
  'encryption-algorithm-enum': words('AES-256-GCM ChaCha20-Poly1305 mime-type-indicated'),
  'extension-type-enum': words(
    'new-sdo new-sco new-sro property-extension toplevel-property-extension',
  ),
  'opinion-enum': words('strongly-disagree disagree neutral agree strongly-agree'),
  'windows-registry-datatype-enum': words(
    'REG_NONE REG_SZ REG_EXPAND_SZ REG_BINARY REG_DWORD REG_DWORD_BIG_ENDIAN REG_DWORD_LITTLE_ENDIAN REG_LINK REG_MULTI_SZ REG_RESOURCE_LIST REG_FULL_RESOURCE_DESCRIPTION REG_RESOURCE_REQUIREMENTS_LIST REG_QWORD REG_INVALID_TYPE',
  ),
  'tlp-level-enum': words('white green amber red'),
};

/** The TLP 1.0 marking definitions (§7.2.1.4): the only ids a `definition_type: tlp` object may have. */
export const TLP_MARKING_IDS: Readonly<Record<string, string>> = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};
