// What @sieve/probe offers: each name is chosen, and test/conventions/package-surfaces.unit.test.ts pins the list.

export { classifyAnonymity } from "./anonymity.ts";
export { type AsnDb, type AsnRecord, defaultAsnDbDir, openAsnDb } from "./asn-db.ts";
export { type Dial, dialTcp } from "./dial.ts";
export { defaultGeoIpPath, openGeoIp } from "./geoip.ts";
export { judgeNoncePattern, signJudgeAnswer, verifyJudgeAnswer } from "./judge-answer.ts";
export { checkJudgeNonce, type JudgeNonceVerdict, mintJudgeNonce } from "./judge-nonce.ts";
export { kernelTimestamps } from "./kernel-clock.ts";
export { learnOwnAddresses } from "./own-addresses.ts";
export { type OpenedProber, openProber, probeConfig } from "./probe-config.ts";
export { createProbeLimit, type ProbeLimit, type ProbeLimitOptions } from "./probe-limit.ts";
export { Anonymity, ProbeResult } from "./probe-result.ts";
export { createProber, type ProbeOptions, type Prober, type ProbeTimeouts } from "./prober.ts";
