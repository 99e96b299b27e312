// Public surface of the diagnosis engine: pure functions over plain data.
export { diagnose, diagnosePreflight, outcomeOf, predictsRefusal } from "./diagnose";
export { CHROMIUM_USER_AGENT, planRedirect, planRequest, siteRelation, type NextHop, type PageRequest, type PlannedHop, type PlannedSend, type RequestPlan } from "./request-plan";
export { PRODUCIBLE_CODES, type ProducibleCode } from "./codes";
export { consoleMessage, initiatorKind, isPreflightCode, type ConsoleMessageInput } from "./console-message";
export { canonicalHeaderName, getHeader, hasHeader, headerNames, headerValues, isToken, splitList } from "./headers";
export {
  addressSpaceOfHost,
  addressSpaceOfUrl,
  isPotentiallyTrustworthy,
  originOf,
  pathOf,
  type AddressSpace,
} from "./origin";
export {
  isForbiddenRequestHeader,
  isSafelistedContentType,
  isSafelistedMethod,
  normalizeMethod,
  SAFELISTED_CONTENT_TYPES,
  unsafeHeaderReasons,
} from "./safelist";
export * from "./types";
