// resource: the Quantity type (parse, compare, canonical form) shared by every kind with resource lists.
export * from './quantity.js';
