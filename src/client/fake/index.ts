// client/fake: test doubles for the client layer. Tests only; production code never imports it.
export { FakeEventRecorder } from './event-recorder.js';
export { FakeObjectTracker, type Reactor } from './object-tracker.js';
