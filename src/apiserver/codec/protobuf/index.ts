// codec/protobuf: decoding of Kubernetes protobuf request bodies (kubectl 1.32+ typed clients) into JSON objects,
// and Go's omitempty for emptied lists and maps of built-in kinds (from the same upstream fact table).
export { decodeKubernetesProtobuf, isKubernetesProtobuf, type DecodedObject } from './decode.js';
export { dropEmptyOmitemptyCollections } from './omit-empty.js';
