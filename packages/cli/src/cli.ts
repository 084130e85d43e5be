#!/usr/bin/env node
import { runCli } from "./run-cli";

// Exit through exitCode, not process.exit(), so piped stdout is flushed first.
void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => {
  process.exitCode = code;
});
