// Kubernetes' CEL extension libraries (upstream's k8s.io/apiserver/pkg/cel/library and the cel-go extensions
// Kubernetes enables), registered into an environment. Each library is one module beside this one.
import type { Environment } from '@marcbachmann/cel-js';
import { registerFormat } from './format.js';
import { registerCidr, registerIp } from './ip.js';
import { registerLists } from './lists.js';
import { overrideMatchesMethod } from './matches-override.js';
import { registerQuantity } from './quantity.js';
import { registerRegex } from './regex.js';
import { registerSets } from './sets.js';
import { registerStrings } from './strings.js';
import { registerUrls } from './urls.js';

/** Registers every Kubernetes CEL library into env (before it is cloned or used). */
export function registerKubernetesLibraries(env: Environment): void {
  registerLists(env);
  registerRegex(env);
  overrideMatchesMethod(env);
  registerUrls(env);
  registerQuantity(env);
  registerIp(env);
  registerCidr(env);
  registerStrings(env);
  registerSets(env);
  registerFormat(env);
}
