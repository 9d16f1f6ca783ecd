/**
 * Production entry: `npm start` (after `npm run build`). Reads APP_ID, PRIVATE_KEY(_PATH),
 * WEBHOOK_SECRET, GHE_HOST… from the environment or `.env`, as every Probot app.
 */
import { run } from "probot";
import { ReleaseBotOctokit } from "./github/release-bot-octokit.js";
import { createApp } from "./index.js";

await run(createApp(), { Octokit: ReleaseBotOctokit });
