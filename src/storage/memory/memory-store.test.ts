// MemoryStore runs the shared Store conformance suite (no reopen: nothing outlives the object).
import { storeConformance } from '../store.case.test.js';
import { MemoryStore } from './memory-store.js';

storeConformance('MemoryStore', async () => new MemoryStore());
