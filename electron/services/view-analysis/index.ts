/**
 * Pictures of collection views (plain Node): the ATT&CK matrix, neighbourhoods, activity over
 * time, referrers and names, read across every open view of a collection.
 */
export { ViewAnalysis } from './view-analysis';
