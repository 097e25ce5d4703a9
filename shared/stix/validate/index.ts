/** The STIX 2.1 validator: one object, a bundle or any input text, to the letter of the spec. */
export type { Severity, StixProblem } from './problem';
export { validateObject } from './object';
export { validateText, validateValue } from './input';
export type {
  InputForm,
  ObjectReport,
  TextValidation,
  UnreadableInput,
  ValidationReport,
} from './input';
export { checkPattern, type PatternProblem } from './pattern/check';
export { COMMON_RELATIONSHIP_TYPES, relationshipTypesFor } from './relationship-types';
