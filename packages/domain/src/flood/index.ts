// Basic-request flood per partner (POLICY §5): the pure decision; the store applies it atomically.
export { decideBasicFlood, type BasicFloodDecision, type BasicFloodInput, type BasicFloodQuiet } from "./decide-basic-flood";
