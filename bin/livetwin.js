#!/usr/bin/env node
// The livetwin command. The sources are TypeScript, run through tsx's loader so there is no build
// step to forget: `npm install` and the command works.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
