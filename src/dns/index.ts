// Cluster DNS (layer 3): records.ts (the cluster.local schema, pure) and server.ts (UDP/TCP, forwarding).
export { answer, clusterDomain, type Answer, type ClusterView, type DnsRecord } from './records.js';
export { hostResolvers, startClusterDns, type ClusterDns, type ClusterDnsOptions } from './server.js';
