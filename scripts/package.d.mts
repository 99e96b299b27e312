export declare function crc32(bytes: Uint8Array): number;
/** A zip archive (deflate, no zip64) of every file under `root`, with `/`-separated names. */
export declare function zipFolder(root: string): Buffer;
