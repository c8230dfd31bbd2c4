// apiextensions.k8s.io/v1: what Skiff serves of it (no custom resources).
export { customResourceDefinitionsProvider } from './custom-resource-definitions.js';
