// client: REST client and transports, informers, work queues, the controller runner. Imports api, util.
export * from './rest/transport.js';
export * from './rest/client.js';
export * from './informer/informer.js';
export * from './workqueue/workqueue.js';
export * from './controller/controller.js';
export * from './node/volume-host.js';
export * from './events/recorder.js';
export * from './informer/factory.js';
export * from './controller/ownership.js';
export * from './controller/history.js';
export * from './controller/history-control.js';
export * from './controller/pods-by-node.js';
export * from './controller/slow-start.js';
export * from './controller/status.js';
export * from './controller/expectations.js';
export * from './controller/pod-template.js';
export * from './informer/label-index.js';
