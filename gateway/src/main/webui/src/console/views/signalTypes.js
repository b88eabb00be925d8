// The fraud signals' types in words (GET /api/stats/signals; each service's README says how each is found).
export const SIGNAL_TYPES = {
  FAST_COMPLETION: '完成过快',
  CANCELLATION_OUTLIER: '取消率异常',
  RECEIPT_REUSE_ATTEMPT: '回收单重复使用',
  PREEXISTING_BIKE_ATTEMPT: '新车非本次购买',
  SHARED_PHONE: '多人共用手机号',
  OWNER_CORRECTED_AFTER_DEALER_ENTRY: '经销商录入的车主被更正',
  SHARED_WALLET: '多人共用钱包',
  PHASE_BOUNDARY_BURST: '补贴阶段开放时集中申领',
};
