// The import page's state lives here, outside the view: a running import keeps its progress on screen when the
// person visits another page of the console and comes back.
import { reactive } from 'vue';

export const HEADER = 'frameNumber,motorNumber,brand,model,batteryType,ownerName,ownerIdNumber,ownerPhone,filedAt,plateNumber';

export const FIELD_LABELS = {
  frameNumber: '整车编码', motorNumber: '电机号', brand: '品牌', model: '型号', batteryType: '电池类型',
  ownerName: '车主姓名', ownerIdNumber: '身份证号', ownerPhone: '手机号', filedAt: '备案日期', plateNumber: '号牌',
  district: '所在区', row: '整行', header: '表头', body: '文件',
};

/** phase: idle → upload → processing → done */
export const current = reactive({
  phase: 'idle', fileName: '', sent: 0, total: 0, job: null, errors: null, errorsPage: 0, startedAt: null,
});
