#!/usr/bin/env node
// The published entry point: the CLI is TypeScript, run through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
