// Chinese copy shared by the pages: every message a person reads comes from here.
export const COPY = {
  network: '网络异常，请稍后重试',
  unavailable: '服务暂时不可用，请稍后重试',
  server: '系统繁忙，请稍后重试',
  tooMany: (s) => `请求过于频繁，请 ${s} 秒后再试`,
  waiting: (s) => `请求过于频繁，${s} 秒后自动重试…`,
  sessionEnded: '登录已失效，请重新登录',
  notFound: '未找到相关信息',
  loading: '加载中…',
  retry: '重试',
};

export const CATEGORY = { COMPLIANT: '新国标', NON_STANDARD_FILED: '备案非标' };
export const VEHICLE_STATUS = { REGISTERED: '已登记', SCRAPPED: '已报废' };
export const PLATE_STATUS = { ACTIVE: '有效', REVOKED: '已注销' };
export const TRADE_IN_STATUS = { OPEN: '办理中', COMPLETED: '已完成', CANCELLED: '已取消' };

/** Why a claim got no subsidy, in words an owner understands. */
export const REJECTION = {
  NO_ACTIVE_PHASE: '完成时间不在任何补贴阶段内',
  QUOTA_EXHAUSTED: '本阶段名额已满',
  OWNER_ALREADY_GRANTED: '您已领取过本次活动的补贴',
  VEHICLE_ALREADY_GRANTED: '这辆旧车已领取过补贴',
  VEHICLE_NOT_ELIGIBLE: '非备案车辆或车辆不符合补贴条件',
  DEALER_NOT_AUTHORIZED: '办理的车行不是授权代办点',
  TRADE_IN_NOT_COMPLETED: '以旧换新尚未完成',
};

/** A subsidy's state in plain Chinese; {@code walletBound} decides between 待绑定钱包 and 发放中. */
export function subsidyState(s, walletBound) {
  switch (s.status) {
    case 'PAID': return { text: '已发放', tone: 'success' };
    case 'PAYING': return { text: '发放中', tone: 'primary' };
    case 'GRANTED': return walletBound ? { text: '发放中', tone: 'primary' } : { text: '待绑定钱包', tone: 'warning' };
    case 'FAILED': return { text: '发放失败，处理中', tone: 'danger' };
    case 'REJECTED': return { text: '未获补贴', tone: 'default' };
    default: return { text: '处理中', tone: 'default' };
  }
}
