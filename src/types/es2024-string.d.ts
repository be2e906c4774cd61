// Node 20 ships String.prototype.toWellFormed; the ES2023 lib we target (to keep Node-22-only APIs
// out of reach) does not declare it.
interface String {
  toWellFormed(): string;
  isWellFormed(): boolean;
}
