/**
 * RDP order grids. The ε an RDP accountant reports depends on the grid, so results should always
 * say which one was used. The fractional orders are built as 1 + x/10 exactly as the reference
 * libraries do, so the floating-point values (and thus the integer-order test) match bit for bit.
 */

/** Whole numbers from..to inclusive. */
export function integerOrders(from: number, to: number): readonly number[] {
  const orders: number[] = [];
  for (let order = from; order <= to; order++) orders.push(order);
  return Object.freeze(orders);
}

function tenths(): number[] {
  const orders: number[] = [];
  for (let x = 1; x < 100; x++) orders.push(1 + x / 10);
  return orders;
}

/** Opacus RDPAccountant.DEFAULT_ALPHAS: 1.1 … 10.9, then 12 … 63 (151 orders; 11 is absent). */
export const OPACUS_DEFAULT_ORDERS: readonly number[] = Object.freeze([
  ...tenths(),
  ...integerOrders(12, 63),
]);

/** dp_accounting DEFAULT_RDP_ORDERS: 1.1 … 10.9, 11 … 63, 128, 256, 512, 1024 (156 orders). */
export const DP_ACCOUNTING_DEFAULT_ORDERS: readonly number[] = Object.freeze([
  ...tenths(),
  ...integerOrders(11, 63),
  128,
  256,
  512,
  1024,
]);

/** TF Privacy's (deprecated) compute_dp_sgd_privacy grid. */
export const TFP_COMPUTE_DP_SGD_ORDERS: readonly number[] = Object.freeze([
  1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5,
  ...integerOrders(5, 63),
  128, 256, 512,
]);

/** Integer orders 2 … 32 (Opacus docstring example, Abadi et al.'s moments accountant). */
export const INTEGER_ORDERS_2_32: readonly number[] = integerOrders(2, 32);

/** Integer orders 2 … 256 (the grid the DP-SGD pruning and DP-SEP cards use). */
export const INTEGER_ORDERS_2_256: readonly number[] = integerOrders(2, 256);
