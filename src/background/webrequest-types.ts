// The subset of webRequest event details the capture reads (Chrome and Firefox agree on it).

export interface RequestDetails {
  readonly requestId: string;
  readonly url: string;
  readonly method: string;
  readonly type: string;
  readonly tabId: number;
  readonly timeStamp: number;
  readonly initiator?: string;
  /** Firefox's closest equivalent of `initiator`. */
  readonly originUrl?: string;
  readonly documentUrl?: string;
  readonly frameId?: number;
}
export interface RawHeader {
  readonly name: string;
  readonly value?: string;
  readonly binaryValue?: ArrayLike<number>;
}
export interface SendHeadersDetails extends RequestDetails {
  readonly requestHeaders?: readonly RawHeader[];
}
export interface HeadersReceivedDetails extends RequestDetails {
  readonly statusCode: number;
  readonly statusLine?: string;
  readonly responseHeaders?: readonly RawHeader[];
  readonly ip?: string;
  readonly fromCache?: boolean;
}
export interface CompletedDetails extends RequestDetails {
  readonly statusCode: number;
  readonly ip?: string;
  readonly fromCache?: boolean;
}
export interface ErrorDetails extends RequestDetails {
  readonly error: string;
}

/** The four webRequest listeners the capture needs (Background provides them). */
export interface WebRequestHandlers {
  readonly onSendHeaders: (details: SendHeadersDetails) => void;
  readonly onHeadersReceived: (details: HeadersReceivedDetails) => void;
  readonly onCompleted: (details: CompletedDetails) => void;
  readonly onErrorOccurred: (details: ErrorDetails) => void;
}
