/**
 * The contract's browse area: discovery, API roots and collections of a connection. The loose
 * schemas of ../taxii/resources.ts (a server's own properties are kept) sit inside strict
 * wrappers of ours.
 */
import { z } from 'zod';
import { apiRootSchema, collectionSchema, discoverySchema } from '../taxii/resources';
import { ConnectionId, resultOf } from './building-blocks';

/** `discovery.get`: the connection whose server to discover. */
export const DiscoveryArgs = z.strictObject({ connectionId: ConnectionId });

/** What discovery found; `apiRoots` are absolute and end in `/`. */
export const DiscoveryResult = resultOf(
  z.strictObject({
    discovery: discoverySchema,
    apiRoots: z.array(z.string()),
    default: z.string().optional(),
  }),
);

/** `roots.get`: an API root's information. */
export const ApiRootResult = resultOf(apiRootSchema);

/** `collections.list`: an API root's collections. */
export const CollectionsResult = resultOf(z.array(collectionSchema));
