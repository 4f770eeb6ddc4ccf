/** Version of the artifact and store formats this runtime reads and writes. */
export const RUNTIME_FORMAT_VERSION = 1;
