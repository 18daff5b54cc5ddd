/**
 * PGlite's WebAssembly binaries and file-system image, imported as bytes so they are part of the
 * module graph. Left to itself PGlite reads them from beside its own module at run time, which a
 * `deno bundle` output does not have; imported, they are inlined by `deno bundle` and embedded by
 * `deno compile`, and the server runs with nothing beside it.
 *
 * @module
 */
import initdbWasm from "@electric-sql/pglite/initdb.wasm" with { type: "bytes" };
import pgliteData from "@electric-sql/pglite/pglite.data" with { type: "bytes" };
import pgliteWasm from "@electric-sql/pglite/pglite.wasm" with { type: "bytes" };

/** The options of `PGlite.create` that carry its assets. */
export interface PgliteAssets {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let compiled: Promise<PgliteAssets> | undefined;

/**
 * Compiles the binaries once per process (about half a second) and shares them between
 * databases.
 *
 * @returns the assets to spread into the options of `PGlite.create`
 *
 * @example Opening an in-memory database
 * ```ts ignore
 * import { PGlite } from "@electric-sql/pglite";
 * const db = await PGlite.create(undefined, await pgliteAssets());
 * ```
 */
export function pgliteAssets(): Promise<PgliteAssets> {
  compiled ??= Promise.all([WebAssembly.compile(pgliteWasm), WebAssembly.compile(initdbWasm)])
    .then(([pgliteWasmModule, initdbWasmModule]) => ({
      pgliteWasmModule,
      initdbWasmModule,
      fsBundle: new Blob([pgliteData]),
    }));
  return compiled;
}
