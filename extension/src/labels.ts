// Names for the core's ids (outcomes, steps, request kinds...), for agents who read
// Chinese all day. The core owns the names (its `names` operation, loaded once by the
// service worker and handed to each page); the table below is what a page falls back
// on before they arrive. An id with no name is shown as words (`refund_full` → "refund
// full"), so a new id in the core never breaks the page. Ids stay on hover (`title`).
import type { Lang } from "./i18n";

/** The core's names: kind → id → {zh, en}. */
export type Names = Record<string, Record<string, { zh: string; en: string }>>;
let names: Names = {};

/** Installs the core's names (from the worker's `names` answer). */
export function setNames(n: Names | undefined): void {
  names = n ?? {};
}

/** The name of `id`, looked up in `kind` when given, else in every kind. */
function named(lang: Lang, id: string, kind?: string): string | undefined {
  const hit = kind ? names[kind]?.[id] : Object.values(names).find((k) => k[id])?.[id];
  return hit ? (lang === "en" ? hit.en : hit.zh) || undefined : undefined;
}

/** A lint check's name (`flag-status-mismatch` → 旗帜与订单状态不符). */
export function checkName(lang: Lang, check: string): string {
  return named(lang, check, "check") ?? (lang === "zh" ? CHECK_ZH[check] : undefined) ?? check.replace(/-/g, " ");
}

/** An error code's title (`KEFU-PAGE-SHAPE` → 页面数据格式不符), or the code itself. */
export function codeTitle(lang: Lang, code: string): string {
  return named(lang, code, "code") ?? code;
}

/** A rule's summary in the language, or "" (the rule id stays on screen). */
export function ruleName(lang: Lang, rule: string): string {
  return named(lang, rule, "rule") ?? "";
}

const CHECK_ZH: Record<string, string> = {
  "flag-status-mismatch": "旗帜与订单状态不符", "red-change-incomplete": "红旗改信息未写全", "entry-unsigned": "备注未署名",
  "change-without-entry": "改了信息未写备注", "cod-unconfirmed": "货到付款未确认",
};

const ZH: Record<string, string> = {
  // request kinds
  none: "无", cancel: "取消订单", return: "退货", exchange: "换货", refund: "退款", price_difference: "补差价",
  where_is_my_order: "查物流", change_receiver: "改收货信息", discount: "要优惠", defect: "质量问题",
  wrong_item: "发错货", missing_item: "漏发", damaged: "破损", complaint: "投诉",
  // reasons
  changed_mind: "不想要了", wrong_size: "尺码不合适", wrong_colour: "颜色不合适", doubt: "犹豫/怀疑", no_reason: "七天无理由",
  damaged_in_transit: "运输破损", late_shipment: "发货晚", stalled: "物流停滞", price_drop: "降价", page_price_error: "页面价格错误",
  force_majeure: "不可抗力", cod_declined: "货到付款拒付", counterfeit: "质疑假货", review_cashback: "好评返现", other: "其他",
  // wants
  replacement: "换新", reship: "补发", compensation: "补偿",
  // evidence
  photo: "照片", video: "视频", serial: "序列号", activation: "激活记录", warehouse_record: "仓库记录", carrier_record: "快递记录",
  // statuses
  unpaid: "待付款", paid: "已付款", pushed: "已推单", partly_shipped: "部分发货", shipped: "已发货", delivered: "已签收", closed: "已关闭",
  // responsibility, payer, channel, level
  merchant: "商家", carrier: "快递", buyer: "买家", unknown: "待查", freight_insurance: "运费险",
  phone: "电话", online: "在线", senior: "资深客服", supervisor: "主管", leadership: "领导",
  // facts a page may not show
  flag: "旗帜", pushed_at: "推单时间", ship_by: "承诺发货时间", picked_up_at: "揽收时间", delivered_at: "签收时间",
  items: "商品明细", out_of_stock: "库存",
  // outcomes
  buyer_closes_order: "引导买家自行关闭订单", agent_closes_order: "客服关闭订单", refund_by_buyer_application: "买家申请退款后处理",
  intercept_at_warehouse: "仓库拦截", refund_after_intercept: "拦截成功后退款", check_whether_shipped: "先核实是否已发出",
  carrier_return_or_refusal: "快递退回或买家拒收", nothing_to_cancel: "无可取消", return_then_refund: "退货后退款",
  return_then_exchange: "退货后换货", collect_evidence: "先收集凭证", investigate: "核查", replace_against_return: "退回后换新",
  refund_against_return: "退回后退款", batch_incident: "批量事故", reship_or_exchange: "补发或换货", carrier_claim: "向快递索赔",
  expedite_then_refund_difference: "加急发货后补差价", refund_difference: "补差价", no_price_refund: "不退差价",
  apologise_and_expedite: "致歉并加急", inform_ship_time: "告知发货时间", inform_warehouse_shipped: "告知仓库已发货",
  investigate_stall: "查物流停滞", give_tracking: "提供物流单号", confirm_delivery: "确认签收", update_receiver: "修改收货信息",
  grant_discount: "给予优惠", ask_reorder_with_online_payment: "请买家在线支付重新拍下", talk_value_first: "先讲价值，不急于让价", supervisor_decides: "主管决定", handle_complaint: "处理投诉", proactive_contact: "主动联系",
  line_cannot_ship: "商品缺货，请买家选择", decline_request: "婉拒并说明原因", deposit_not_refunded: "定金不退",
  refund_deposit: "退还定金", verify_authenticity: "核实真伪", refund_line: "退该商品的款", partial_refund: "协商部分退款",
  no_action: "无需处理",
  // steps
  apologise: "致歉", arrange_return_of_defective_item: "安排退回瑕疵品", ask_expected_amount: "询问期望金额",
  ask_for_new_receiving_information: "询问新的收货信息", call_buyer_proactively: "主动致电买家", check_activation_time: "核对激活时间",
  check_address_quantity_style: "核对地址、数量、款式", check_carrier_record: "查快递记录", check_original_order_shipped: "核实原订单是否已发", check_which_lines_shipped: "核实哪些商品已发货",
  check_serial: "核对序列号", check_sku_binding: "核查SKU绑定", check_warehouse_record: "查仓库记录", close_order: "关闭订单",
  collect_photos_or_video: "收集照片或视频", confirm_problem_with_buyer: "与买家确认问题", confirm_receipt_with_buyer: "与买家确认收货",
  confirm_still_wanted: "确认是否还要", confirm_with_buyer: "与买家确认", contact_buyer: "联系买家",
  contact_carrier_to_redirect: "联系快递改派", contact_carrier_to_return: "联系快递退回", count_affected_orders: "统计受影响订单",
  exchange_after_return_received: "收到退货后换货", exchange_wrong_item: "换回正确商品", expedite_shipping: "加急发货",
  explain_how_to_close: "说明如何关闭订单", explain_no_price_protection: "说明不支持价保", file_carrier_claim: "向快递索赔",
  find_stall_cause: "查明停滞原因", give_ship_date: "告知发货日期", give_ship_time: "告知发货时间",
  guide_refund_application: "引导申请退款", guide_return_application: "引导申请退货", hand_over_to_senior_agent: "转资深客服",
  inform_buyer_of_result: "告知买家结果", keep_leaving_messages: "持续留言", keep_price_evidence: "保留价格证据",
  notify_buyer: "通知买家", notify_warehouse_of_change: "通知仓库修改", offer_compensation: "提出补偿", mention_platform_late_payment: "告知平台已自动赔付", offer_coupon: "送优惠券",
  offer_partial_concession: "部分让步", offer_refund_or_exchange: "提供退款或换货", or_buyer_refuses_delivery: "或买家拒收",
  prepare_plan_before_contact: "联系前先准备方案", record_escalation_cause: "记录升级原因", refer_to_supervisor: "转主管",
  refund_after_return_received: "收到退货后退款", refund_full: "全额退款",
  refund_difference_after_shipping: "发货后补差价", report_batch_incident: "上报批量事故", report_binding_error: "上报绑定错误",
  report_stall: "上报物流停滞", request_warehouse_intercept: "请仓库拦截", reship_missing_item: "补发漏发商品",
  reship_or_refund: "补发或退款", reship_replacement_after_return: "退回后补发新品", retention_attempt: "挽留",
  send_payment_reminder: "催付", try_channel: "换渠道联系", update_receiver_info: "修改收货信息", urge_warehouse: "催仓库",
  use_agreed_wording: "使用统一话术", verify_price_drop: "核实降价",
  ask_warehouse_for_ship_date: "向仓库确认发货日期", ship_rest_first: "其余商品先发",
  decline_no_reason_return: "说明不支持七天无理由", explain_deposit_not_refunded: "说明定金不退",
  check_purchase_channel: "核实购买渠道", show_brand_authorisation: "出示品牌授权", show_quality_report: "出示质检报告",
  keep_chat_as_evidence: "保留聊天记录作证据", refund_partial: "部分退款（仅退款）", refuse_review_cashback: "婉拒好评返现", ask_to_amend_review: "请买家修改评价",
};

/** An id as the agent reads it: the core's name in the language, else words. */
export function label(lang: Lang, id: string, kind?: string): string {
  return named(lang, id, kind) ?? ((lang === "zh" && ZH[id]) || id.replace(/_/g, " "));
}
