// `skiff images import|list`: the node's image store, used directly (no server needed).
import { imagesUsage, parseImagesFlags } from '../cli/index.js';
import { ImageStore, importArchive, pullImage } from '../node/index.js';
import { flagsOrExit } from './flags.js';
import { errorMessage } from '../util/index.js';

export async function runImages(argv: readonly string[]): Promise<number> {
  const flags = flagsOrExit(argv, parseImagesFlags, imagesUsage);
  if (typeof flags === 'number') return flags;
  const store = new ImageStore(flags.dataDir);
  if (flags.command === 'list') {
    const rows = store.list();
    process.stdout.write(`${'IMAGE'.padEnd(60)} ${'DIGEST'.padEnd(20)} SIZE\n`);
    for (const r of rows) process.stdout.write(`${r.reference.padEnd(60)} ${r.manifestDigest.slice(0, 19).padEnd(20)} ${(r.size / 1024 / 1024).toFixed(1)}MiB\n`);
    return 0;
  }
  let failed = 0;
  if (flags.command === 'pull') {
    for (const image of flags.files) {
      try {
        const { reference, manifestDigest } = await pullImage(store, image);
        process.stdout.write(`pulled ${reference} (${manifestDigest})\n`);
      } catch (e: unknown) {
        failed++;
        process.stderr.write(`Error: ${image}: ${errorMessage(e)}\n`);
      }
    }
    return failed ? 1 : 0;
  }
  for (const file of flags.files) {
    try {
      for (const ref of await importArchive(store, file)) {
        process.stdout.write(`imported ${ref} (${store.resolve(ref)!.manifestDigest})\n`);
      }
    } catch (e: unknown) {
      failed++;
      process.stderr.write(`Error: ${file}: ${errorMessage(e)}\n`);
    }
  }
  return failed ? 1 : 0;
}
