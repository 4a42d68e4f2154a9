export { notify, type NotifyEvent, type NotifyResult } from "./notify.js";
export { wakeDeliveryWorkers } from "./wake.js";
