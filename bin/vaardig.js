#!/usr/bin/env node
// The `vaardig` command. Sources are TypeScript run through tsx, so no build step stands between
// a clone and a running platform.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
