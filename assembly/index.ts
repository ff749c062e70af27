// Entry point of the kernels module (build/kernels.wasm, build/kernels.debug.wasm).
//
// Raw bindings: every export takes and returns plain numbers; buffers are pointers into the
// exported `memory`, allocated by the host with `alloc` and released with `free`. The typed
// host-side view of these exports is src/kernels/wasm-exports.ts — keep the two in sync.

export { alloc, free } from './memory';
export { medianInPlace, sortF64 } from './select';
export { averageReplicates } from './replicates';
export { medianNormalize, scaleNormalize } from './normalize';
export {
  rngStateBytes, rngSeed, rngSetState, rngNextU32, rngNextUniform, rngNextBounded,
  rngFillU32, rngFillUniform, rngFillBounded, rngJump,
} from './prng';
export { kmBootstrap } from './km';
export { distPrepare, distRows, distWorkBytes, linkageStateBytes, linkageInit, linkageRun } from './hclust';
export { quantileNormalize } from './quantile';
export { rowStatsTwoGroup } from './rowstats';
