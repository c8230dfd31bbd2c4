// codec/protobuf: decoding of Kubernetes protobuf request bodies (kubectl 1.32 typed clients).
export { decodeKubernetesProtobuf, isKubernetesProtobuf } from './decode.js';
