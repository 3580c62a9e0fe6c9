export const ORDER_WARNINGS = Symbol('ORDER_WARNINGS');

export interface TransferWarning {
  serviceIds: string[];
  message: string;
}

/** What the orders module says about an order before its documents go out. */
export interface OrderWarnings {
  /** The order's cross-border transfers without a notification (PRIVACY.CROSS_BORDER_UNNOTIFIED). */
  unnotifiedTransfers(orderId: string): Promise<TransferWarning[]>;
}
