// Where uploaded page images live: one folder per board under the data folder, so deleting a
// board deletes its files, and one file per content hash, so the same page is stored once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isId } from '#shared/ids.js';

/** `tiny` is what a zoomed-out board draws: decoding 500 of them is a quarter of the work of thumbs. */
export const ASSET_SIZES = ['tiny', 'thumb', 'medium', 'full'] as const;
export type AssetSize = (typeof ASSET_SIZES)[number];

/** Asset ids are hex content hashes; anything else never reaches the file system. */
const ASSET_ID = /^[0-9a-f]{32}$/;

export function isAssetId(value: string): boolean {
  return ASSET_ID.test(value);
}

export interface AssetStore {
  put(boardId: string, assetId: string, size: AssetSize, bytes: Buffer): Promise<void>;
  has(boardId: string, assetId: string): Promise<boolean>;
  read(boardId: string, assetId: string, size: AssetSize): Promise<Buffer | null>;
  /** Ids of every page stored for the board (complete ones: a full-size file exists). */
  list(boardId: string): Promise<string[]>;
  deleteBoard(boardId: string): Promise<void>;
}

export function createFileAssetStore(dataDir: string): AssetStore {
  const root = path.join(dataDir, 'assets');

  function fileOf(boardId: string, assetId: string, size: AssetSize): string {
    if (!isId(boardId) || !ASSET_ID.test(assetId)) throw new Error('invalid asset path');
    return path.join(root, boardId, assetId.slice(0, 2), `${assetId}-${size}.jpg`);
  }

  return {
    async put(boardId, assetId, size, bytes) {
      const file = fileOf(boardId, assetId, size);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a reader never sees half a file, and a crash leaves no torn image.
      const partial = `${file}.${process.pid}.partial`;
      await fs.writeFile(partial, bytes);
      await fs.rename(partial, file);
    },
    async has(boardId, assetId) {
      try {
        await fs.access(fileOf(boardId, assetId, 'full'));
        return true;
      } catch {
        return false;
      }
    },
    async read(boardId, assetId, size) {
      try {
        return await fs.readFile(fileOf(boardId, assetId, size));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async list(boardId) {
      if (!isId(boardId)) return [];
      const boardDir = path.join(root, boardId);
      let files: string[];
      try {
        files = await fs.readdir(boardDir, { recursive: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const full = /^([0-9a-f]{32})-full\.jpg$/;
      return files.flatMap((file) => full.exec(path.basename(file))?.[1] ?? []);
    },
    async deleteBoard(boardId) {
      if (!isId(boardId)) return;
      await fs.rm(path.join(root, boardId), { recursive: true, force: true });
    },
  };
}
