/** Links between objects (the rules live in shared/stix/references.ts, used by main too). */
export {
  incomingIndex,
  outgoingReferences,
  type Incoming,
  type Reference,
} from '../../../shared/stix/references';
