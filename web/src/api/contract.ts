/**
 * Compile-time checks that the generated API types give every answer a named shape: if an operation's
 * success answer were untyped, the assignments below would stop compiling under `tsc --strict`.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type OrderAnswer = paths['/orders']['post']['responses'][201]['content']['application/json'];
export type ComparisonAnswer = paths['/rfqs/{rfq_id}/comparison']['get']['responses'][200]['content']['application/json'];

const comparisonIsNamed: ComparisonAnswer extends Schemas['OfferComparison'] ? true : false = true;
const rankingIsTyped: Schemas['OfferComparison']['ranking'][number]['components']['tco'] extends string ? true : false = true;

export const contract = { comparisonIsNamed, rankingIsTyped };
