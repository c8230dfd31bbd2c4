// codec/protobuf: decoding of Kubernetes protobuf request bodies (kubectl 1.32+ typed clients) into JSON objects.
export { decodeKubernetesProtobuf, isKubernetesProtobuf, type DecodedObject } from './decode.js';
