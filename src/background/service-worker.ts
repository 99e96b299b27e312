// Placeholder until capture lands.
export {};
