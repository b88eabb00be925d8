// Vant imported per component (JS and its own CSS), never the whole library: the first load stays small.
import { Button, Cell, CellGroup, Dialog, Empty, Field, Loading, NavBar, NoticeBar, Radio, RadioGroup, Step, Steps,
  Tabbar, TabbarItem, Tag } from 'vant';
import 'vant/es/button/style/index';
import 'vant/es/cell/style/index';
import 'vant/es/cell-group/style/index';
import 'vant/es/empty/style/index';
import 'vant/es/field/style/index';
import 'vant/es/loading/style/index';
import 'vant/es/nav-bar/style/index';
import 'vant/es/notice-bar/style/index';
import 'vant/es/radio/style/index';
import 'vant/es/radio-group/style/index';
import 'vant/es/step/style/index';
import 'vant/es/steps/style/index';
import 'vant/es/tabbar/style/index';
import 'vant/es/tabbar-item/style/index';
import 'vant/es/tag/style/index';
import 'vant/es/dialog/style/index';
import 'vant/es/toast/style/index';

export function useVant(app) {
  for (const c of [Button, Cell, CellGroup, Dialog, Empty, Field, Loading, NavBar, NoticeBar, Radio, RadioGroup, Step, Steps,
    Tabbar, TabbarItem, Tag]) {
    app.use(c);
  }
}
