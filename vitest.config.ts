import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Load tests measure throughput; running them in parallel on 2 cores would make them measure each other.
    fileParallelism: false,
  },
});
