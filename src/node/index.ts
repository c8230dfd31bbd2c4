// node: what runs on every machine of the cluster (today: the local volume host and simulated nodes).
export { LocalVolumeHost } from './volumes/local-volume-host.js';
export { isSimulatedNodeName, simulatedVolumeHost, startSimulatedNodes, type SimulatedNodesOptions } from './simulated/simulated-nodes.js';
export { simulatedNodeLabel } from './simulated/node-object.js';
