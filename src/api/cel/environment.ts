// The CEL environment Kubernetes expressions compile in: CEL's standard library with optionals, plus the
// Kubernetes libraries. Callers clone it and declare their variables (CRD rules: self/oldSelf; admission:
// object/oldObject/request/params...).
import { Environment } from '@marcbachmann/cel-js';
import { registerKubernetesLibraries } from './library/index.js';

let base: Environment | undefined;

/** A fresh child of the shared base environment, free to register variables and types. */
export function kubernetesEnvironment(): Environment {
  if (base === undefined) {
    base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    registerKubernetesLibraries(base);
  }
  return base.clone();
}
