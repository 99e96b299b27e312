// Public surface of the diagnosis engine: pure functions over plain data.
export { diagnose, outcomeOf, predictsRefusal } from "./diagnose";
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
